import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CapturedMailEntity } from './captured-mail.entity.js';

export type CapturedMailSummary = Pick<CapturedMailEntity, 'id' | 'to' | 'subject' | 'receivedAt'>;

@Injectable()
export class CapturedMailsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async store(mail: { to: string; subject: string; text: string; html: string | null }): Promise<string> {
    const saved = await this.dataSource.getRepository(CapturedMailEntity).save(mail);
    return saved.id;
  }

  listNewest(limit: number): Promise<CapturedMailSummary[]> {
    return this.dataSource.getRepository(CapturedMailEntity).find({
      select: { id: true, to: true, subject: true, receivedAt: true },
      order: { receivedAt: 'DESC', id: 'ASC' },
      take: limit,
    });
  }

  findById(id: string): Promise<CapturedMailEntity | null> {
    return this.dataSource.getRepository(CapturedMailEntity).findOne({ where: { id } });
  }
}
