import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';
import { bigintToNumber } from '../common/transformers';
import { DEFAULT_TAX_CLASS } from '../products/tax-class';
import type { TaxClass } from '../products/tax-class';
import { Order } from './order.entity';

/** A snapshot of a product line at order time: later price changes never touch it. */
@Entity('order_items')
@Index('IDX_order_items_order', ['orderId', 'position'])
export class OrderItem {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ name: 'order_id', type: 'varchar', length: 64 })
  orderId: string;

  @ManyToOne(() => Order, (order) => order.items, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  // Relation<>: the two entities import each other; a bare class type would be read too early.
  order?: Relation<Order>;

  /** The line's place in the order, from 0; refunds name lines by it. */
  @Column({ type: 'smallint' })
  position: number;

  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'unit_price', type: 'integer' })
  unitPrice: number;

  @Column({ type: 'smallint' })
  quantity: number;

  @Column({ name: 'line_amount', type: 'bigint', transformer: bigintToNumber })
  lineAmount: number;

  /** The product's tax class at order time: TAX_FREE lines make up the order's taxFreeAmount. */
  @Column({ name: 'tax_class', type: 'varchar', length: 16, default: DEFAULT_TAX_CLASS })
  taxClass: TaxClass;
}
