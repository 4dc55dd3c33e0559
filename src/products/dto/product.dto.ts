import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateProductDto {
  /**
   * Product name, 1 to 100 characters.
   * @example '상품1'
   */
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name: string;

  /**
   * Price in whole KRW.
   * @example 5000
   */
  @ApiProperty({ type: 'integer' })
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  price: number;

  /**
   * Optional description, up to 2000 characters; null or left out: none (on PATCH, null clears it).
   * @example '시원한 생수 2L'
   */
  // IsOptional lets null through as well as undefined: the schema says so (nullable).
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

// Absent fields stay as they are; null is validated (and refused) except for description, which it clears.
export class UpdateProductDto extends PartialType(CreateProductDto, { skipNullProperties: false }) {
  /** Inactive products are hidden from the catalogue and cannot be ordered. */
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  active?: boolean;
}

export class ProductResponseDto {
  /** @example '0d9c7a2e-61e1-4bb6-9d55-3f1f0a4a2b7c' */
  id: string;
  /** @example '상품1' */
  name: string;
  /** @example 5000 */
  @ApiProperty({ type: 'integer' })
  price: number;
  @ApiProperty({ enum: ['KRW'], example: 'KRW' })
  currency: string;
  /** Absent when the product has none. */
  description?: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export class ProductPageDto {
  items: ProductResponseDto[];
  /** @example 1 */
  @ApiProperty({ type: 'integer' })
  page: number;
  /** @example 20 */
  @ApiProperty({ type: 'integer' })
  limit: number;
  /** @example 4 */
  @ApiProperty({ type: 'integer' })
  total: number;
}
