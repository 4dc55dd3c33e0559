import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  @ApiOperation({ summary: 'The catalogue: active products, oldest first' })
  @ApiErrors('VALIDATION_ERROR')
  list(@Query() query: PageQueryDto): Promise<ProductPageDto> {
    return this.products.list(query);
  }

  @Public()
  @Get(':id')
  @ApiOperation({ summary: 'One active product' })
  @ApiErrors('PRODUCT_NOT_FOUND')
  get(@IdParam('id', 'product') id: string): Promise<ProductResponseDto> {
    return this.products.get(id);
  }

  @Roles('admin')
  @Post()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Add a product (admin)' })
  @ApiErrors('VALIDATION_ERROR', 'UNAUTHORIZED', 'FORBIDDEN')
  create(@Body() dto: CreateProductDto): Promise<ProductResponseDto> {
    return this.products.create(dto);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change a product (admin); existing orders keep their price snapshot' })
  @ApiErrors('VALIDATION_ERROR', 'UNAUTHORIZED', 'FORBIDDEN', 'PRODUCT_NOT_FOUND')
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
  @ApiOperation({ summary: 'Deactivate a product (admin)' })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'PRODUCT_NOT_FOUND')
  async remove(@IdParam('id', 'product') id: string): Promise<void> {
    await this.products.deactivate(id);
  }
}
