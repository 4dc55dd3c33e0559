import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { run, sql } from '../database/sql';
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

  /**
   * The user's customerKey, made now if they have none: one statement, so two first requests at
   * once agree on one key. Null when the user is gone.
   */
  async customerKeyOf(userId: string): Promise<string | null> {
    // A WITH … SELECT, so the driver answers the rows (an UPDATE's answer is shaped differently).
    const rows = await run<{ customer_key: string }[]>(
      this.repo,
      sql`WITH made AS (
            UPDATE users SET customer_key = COALESCE(customer_key, ${randomUUID()}::uuid)
             WHERE id = ${userId}::uuid RETURNING customer_key)
          SELECT customer_key FROM made`,
    );
    return rows[0]?.customer_key ?? null;
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
