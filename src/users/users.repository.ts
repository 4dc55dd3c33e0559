import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Role, User } from './user.entity';

@Injectable()
export class UsersRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(User);
  }

  findById(id: string): Promise<User | null> {
    return this.repo.findOneBy({ id });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.repo.findOneBy({ email });
  }

  /** Insert; a concurrent duplicate email surfaces as UQ_users_email and maps to EMAIL_TAKEN. */
  insert(user: Pick<User, 'email' | 'name' | 'passwordHash' | 'role'>): Promise<User> {
    return this.repo.save(this.repo.create(user));
  }

  /** Create or update the start-up admin in one statement, safe when several instances start at once. */
  async upsertAdmin(email: string, passwordHash: string): Promise<void> {
    await this.repo
      .createQueryBuilder()
      .insert()
      .into(User)
      .values({ email, name: 'Administrator', passwordHash, role: 'admin' satisfies Role })
      .orUpdate(['password_hash', 'role', 'updated_at'], ['email'])
      .execute();
  }
}
