import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { DEFAULT_TAX_CLASS, TaxClass } from './tax-class';

@Entity('products')
@Index('IDX_products_active_created', ['active', 'createdAt'])
export class Product {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** Whole KRW. */
  @Column({ type: 'integer' })
  price: number;

  @Column({ type: 'varchar', length: 3, default: 'KRW' })
  currency: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** TAXABLE or TAX_FREE (면세); an order line copies it when the order is placed. */
  @Column({ name: 'tax_class', type: 'varchar', length: 16, default: DEFAULT_TAX_CLASS })
  taxClass: TaxClass;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
