import { Module } from '@nestjs/common';
import { InstituteRoleGuard } from './institute-role.guard.js';
import { InstitutesRepository } from './institutes.repository.js';
import { InstitutesService } from './institutes.service.js';

@Module({
  providers: [InstitutesRepository, InstitutesService, InstituteRoleGuard],
  exports: [InstitutesService, InstitutesRepository, InstituteRoleGuard],
})
export class InstitutesModule {}
