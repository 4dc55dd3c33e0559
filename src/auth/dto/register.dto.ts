import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lower = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class RegisterDto {
  /**
   * Email address; it is the login name, compared case-insensitively.
   * @example 'kim@example.com'
   */
  @Transform(lower)
  @IsEmail()
  @MaxLength(254)
  email: string;

  /**
   * 8 to 72 characters.
   * @example 'correct horse battery'
   */
  @IsString()
  @Length(8, 72)
  password: string;

  /**
   * Display name.
   * @example '김토스'
   */
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name: string;
}

export class LoginDto {
  /** @example 'kim@example.com' */
  @Transform(lower)
  @IsEmail()
  @MaxLength(254)
  email: string;

  /** @example 'correct horse battery' */
  @IsString()
  @Length(1, 72)
  password: string;
}
