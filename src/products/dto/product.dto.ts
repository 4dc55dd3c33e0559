import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { DEFAULT_TAX_CLASS, TAX_CLASSES } from '../tax-class';
import type { TaxClass } from '../tax-class';

/** The schema of a tax class, named once so that every DTO shows the one `TaxClass` enum. */
const TAX_CLASS_SCHEMA = { enum: TAX_CLASSES, enumName: 'TaxClass' } as const;

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

  /**
   * TAXABLE (과세, VAT included in the price) or TAX_FREE (면세: e.g. books, fresh food); left out:
   * TAXABLE. An order's tax-free amount is the sum of its TAX_FREE lines.
   */
  @ApiPropertyOptional({ ...TAX_CLASS_SCHEMA, default: DEFAULT_TAX_CLASS })
  // Left out: the default; null is refused (on PATCH too: a product always has a class).
  @ValidateIf((_, value) => value !== undefined)
  @IsIn(TAX_CLASSES)
  taxClass?: TaxClass;
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
  /** TAX_FREE lines make up an order's tax-free amount (면세); orders keep the class they were placed with. */
  @ApiProperty({ ...TAX_CLASS_SCHEMA, example: DEFAULT_TAX_CLASS })
  taxClass: TaxClass;
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
  /** @example 5 */
  @ApiProperty({ type: 'integer' })
  total: number;
}
