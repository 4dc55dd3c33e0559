import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Public, Roles } from '../auth/auth-user';
import { PageQueryDto } from '../common/dto/pagination.dto';
import { IdParam } from '../common/id-param';
import { ApiErrors } from '../common/swagger';
import {
  CreateProductDto,
  ProductPageDto,
  ProductResponseDto,
  UpdateProductDto,
} from './dto/product.dto';
import { ProductsService } from './products.service';

@ApiTags('products')
@Controller('products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Public()
  @Get()
  @ApiOperation({
    operationId: 'listProducts',
    summary: 'The catalogue: active products, oldest first',
    description:
      'Public. Paged with page (from 1) and limit (1 to 100); inactive products are left out.',
  })
  @ApiOkResponse({ type: ProductPageDto, description: 'One page of the catalogue.' })
  list(@Query() query: PageQueryDto): Promise<ProductPageDto> {
    return this.products.list(query);
  }

  @Public()
  @Get(':id')
  @ApiOperation({
    operationId: 'getProduct',
    summary: 'One active product',
    description: 'Public. An inactive or unknown product answers 404 PRODUCT_NOT_FOUND.',
  })
  @ApiOkResponse({ type: ProductResponseDto, description: 'The product.' })
  @ApiErrors('PRODUCT_NOT_FOUND')
  get(@IdParam('id', 'product') id: string): Promise<ProductResponseDto> {
    return this.products.get(id);
  }

  @Roles('admin')
  @Post()
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'createProduct',
    summary: 'Add a product (admin)',
    description:
      'Prices are whole KRW; taxClass is TAXABLE unless TAX_FREE (면세) is given. The product is active (orderable) at once.',
  })
  @ApiCreatedResponse({ type: ProductResponseDto, description: 'The new product.' })
  @ApiErrors('FORBIDDEN')
  create(@Body() dto: CreateProductDto): Promise<ProductResponseDto> {
    return this.products.create(dto);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'updateProduct',
    summary: 'Change a product (admin)',
    description:
      'Fields left out stay as they are; `description: null` clears the description. Existing orders keep the name, price and tax class they were placed with.',
  })
  @ApiOkResponse({ type: ProductResponseDto, description: 'The product as changed.' })
  @ApiErrors('FORBIDDEN', 'PRODUCT_NOT_FOUND')
  update(
    @IdParam('id', 'product') id: string,
    @Body() dto: UpdateProductDto,
  ): Promise<ProductResponseDto> {
    return this.products.update(id, dto);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'The product is now inactive.' })
  @ApiOperation({
    operationId: 'deactivateProduct',
    summary: 'Deactivate a product (admin)',
    description:
      'The product leaves the catalogue and can no longer be ordered; orders that hold it are untouched.',
  })
  @ApiErrors('FORBIDDEN', 'PRODUCT_NOT_FOUND')
  async remove(@IdParam('id', 'product') id: string): Promise<void> {
    await this.products.deactivate(id);
  }
}
