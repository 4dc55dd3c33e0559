import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Product } from './product.entity';

@Injectable()
export class ProductsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(Product);
  }

  findActivePage(skip: number, take: number): Promise<[Product[], number]> {
    return this.repo.findAndCount({
      where: { active: true },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip,
      take,
    });
  }

  findById(id: string): Promise<Product | null> {
    return this.repo.findOneBy({ id });
  }

  findActiveByIds(ids: string[]): Promise<Product[]> {
    return this.repo.findBy({ id: In(ids), active: true });
  }

  save(product: Partial<Product>): Promise<Product> {
    return this.repo.save(this.repo.create(product));
  }
}
