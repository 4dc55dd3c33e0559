import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { Page, PageQueryDto, toPage } from '../common/dto/pagination.dto';
import { DomainError } from '../common/errors';
import { isUuid } from '../common/ids';
import { CreateProductDto, ProductResponseDto, UpdateProductDto } from './dto/product.dto';
import { Product } from './product.entity';
import { ProductsRepository } from './products.repository';
import { DEFAULT_TAX_CLASS } from './tax-class';

export function toProductResponse(product: Product): ProductResponseDto {
  return {
    id: product.id,
    name: product.name,
    price: product.price,
    currency: product.currency,
    ...(product.description !== null && { description: product.description }),
    active: product.active,
    taxClass: product.taxClass,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };
}

@Injectable()
export class ProductsService {
  constructor(private readonly products: ProductsRepository) {}

  async list(query: PageQueryDto): Promise<Page<ProductResponseDto>> {
    const [items, total] = await this.products.findActivePage(
      (query.page - 1) * query.limit,
      query.limit,
    );
    return toPage(items.map(toProductResponse), total, query);
  }

  async get(id: string): Promise<ProductResponseDto> {
    return toProductResponse(await this.getOrThrow(id, { activeOnly: true }));
  }

  async create(dto: CreateProductDto): Promise<ProductResponseDto> {
    const product = await this.products.save({
      ...dto,
      description: dto.description ?? null,
      taxClass: dto.taxClass ?? DEFAULT_TAX_CLASS,
      currency: 'KRW',
    });
    return toProductResponse(product);
  }

  // Read-modify-write of one row: one transaction so a concurrent patch cannot interleave.
  @Transactional()
  async update(id: string, dto: UpdateProductDto): Promise<ProductResponseDto> {
    const product = await this.getOrThrow(id, { activeOnly: false });
    // DTO instances carry declared-but-absent fields as undefined; only the fields sent change.
    Object.assign(
      product,
      Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)),
    );
    return toProductResponse(await this.products.save(product));
  }

  /** Deactivate: orders keep their own price snapshot, so nothing that was sold changes. */
  async deactivate(id: string): Promise<void> {
    await this.update(id, { active: false });
  }

  private async getOrThrow(id: string, { activeOnly }: { activeOnly: boolean }): Promise<Product> {
    const product = isUuid(id) ? await this.products.findById(id) : null;
    if (!product || (activeOnly && !product.active)) {
      throw new DomainError('PRODUCT_NOT_FOUND', 'There is no such product.');
    }
    return product;
  }
}
