import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { STABLE_ID_PATTERN } from '../../content/domain/content.schema.js';

export class CourseParamsDto {
  @Matches(STABLE_ID_PATTERN, { message: 'slug must be lowercase letters, digits and hyphens' })
  slug!: string;
}

export class ModuleParamsDto extends CourseParamsDto {
  @Matches(STABLE_ID_PATTERN, { message: 'moduleId must be a stable module id such as net-m01' })
  moduleId!: string;
}

export class VersionQueryDto {
  @ApiPropertyOptional({ description: 'A version number; the newest version when absent', minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'version must be a whole number' })
  @Min(1, { message: 'version must be 1 or more' })
  @Max(1_000_000)
  version?: number;
}
