import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../../users/user.entity';
import type { Role } from '../../users/user.entity';

export class UserResponseDto {
  /** @example '3f0c6a8e-2b4c-4f7e-9a51-1f8a3c2d9b10' */
  id: string;
  /** @example 'kim@example.com' */
  email: string;
  /** @example '김토스' */
  name: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role', example: 'customer' })
  role: Role;
}

export class TokenResponseDto {
  /** JWT to send as `Authorization: Bearer <accessToken>`. */
  accessToken: string;
  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  tokenType: 'Bearer';
  /**
   * Seconds until the token expires.
   * @example 3600
   */
  @ApiProperty({ type: 'integer' })
  expiresIn: number;
}
