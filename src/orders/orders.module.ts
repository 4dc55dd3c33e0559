import { Module } from '@nestjs/common';
import { PaymentsModule } from '../payments/payments.module';
import { ProductsModule } from '../products/products.module';
import { UsersModule } from '../users/users.module';
import { OrderCancelService } from './order-cancel.service';
import { OrdersController } from './orders.controller';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';

@Module({
  imports: [PaymentsModule, ProductsModule, UsersModule],
  controllers: [OrdersController],
  providers: [OrdersService, OrdersRepository, OrderCancelService],
  exports: [OrdersService],
})
export class OrdersModule {}
