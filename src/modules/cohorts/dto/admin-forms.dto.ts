import { Transform, Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { INSTITUTE_ROLES, type InstituteRole } from '../../accounts/domain/roles.js';

export class CreateCohortFormDto {
  @IsString() _csrf!: string;
  @IsString() @MaxLength(200) title!: string;
  @IsString() @MaxLength(80) courseSlug!: string;
  /** The slug of one of the institute's localized copies; empty or absent: the master course. */
  @IsOptional() @IsString() @MaxLength(80) courseCopy?: string;
  @IsString() startDate!: string;
  @IsString() @MaxLength(64) timeZone!: string;
  @Type(() => Number) @IsInt({ message: 'capacity must be a whole number' }) capacity!: number;
  @IsString() enrolmentOpens!: string;
  @IsString() enrolmentCloses!: string;
  // One checkbox sends a string, several an array.
  @IsOptional()
  @Transform(({ value }: { value: unknown }): unknown[] =>
    Array.isArray(value) ? (value as unknown[]) : value === undefined ? [] : [value],
  )
  @IsArray()
  @IsString({ each: true })
  trainerIds?: string[];
}

export class EnrolOneFormDto {
  @IsString() _csrf!: string;
  @IsString() @MaxLength(254) email!: string;
  @IsString() @MaxLength(200) fullName!: string;
  // Its 200-character limit is checked with the CSV's rules, which count characters after trimming.
  @IsOptional() @IsString() @MaxLength(2000) organization?: string;
}

export class CsrfOnlyFormDto {
  @IsString() _csrf!: string;
}

export class RoleFormDto {
  @IsString() _csrf!: string;
  @IsIn(INSTITUTE_ROLES, { message: `role must be one of ${INSTITUTE_ROLES.join(', ')}` }) role!: InstituteRole;
}

export class InviteFormDto extends RoleFormDto {
  @IsString() @MaxLength(254) email!: string;
  @IsString() @MaxLength(200) fullName!: string;
}

export class CohortSettingsFormDto {
  @IsString() _csrf!: string;
  @IsString() @MaxLength(200) title!: string;
  @Type(() => Number) @IsInt({ message: 'capacity must be a whole number' }) capacity!: number;
}
