import { Module } from '@nestjs/common';
import { InstitutesRepository } from './institutes.repository.js';
import { InstitutesService } from './institutes.service.js';

@Module({ providers: [InstitutesRepository, InstitutesService], exports: [InstitutesService, InstitutesRepository] })
export class InstitutesModule {}
