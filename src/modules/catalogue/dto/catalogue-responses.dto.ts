import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ContentItemDto {
  @ApiProperty({ example: 'net-out-strategic-plans' }) id!: string;
  @ApiProperty() text!: string;
}

export class CourseSummaryDto {
  @ApiProperty({ example: 'epm-networks' }) id!: string;
  @ApiProperty({ example: 'education-networks-clusters' }) slug!: string;
  @ApiProperty() title!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ example: 'en' }) language!: string;
  @ApiProperty({ example: 1 }) versionNumber!: number;
  @ApiProperty({ description: 'SHA-256 of the parsed course content' }) contentHash!: string;
  @ApiProperty() importedAt!: string;
  @ApiProperty() url!: string;
}

export class ModuleSummaryDto {
  @ApiProperty({ example: 'net-m01' }) id!: string;
  @ApiProperty() number!: number;
  @ApiProperty() weekNumber!: number;
  @ApiProperty() title!: string;
  @ApiProperty() estimatedMinutes!: number;
  @ApiProperty() url!: string;
}

export class WeekDto {
  @ApiProperty() id!: string;
  @ApiProperty() number!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String] }) moduleIds!: string[];
}

export class CompletionRulesDto {
  @ApiProperty({ oneOf: [{ type: 'string', enum: ['all'] }, { type: 'integer' }] }) modules!: 'all' | number;
  @ApiProperty({ oneOf: [{ type: 'string', enum: ['all'] }, { type: 'integer' }] }) quizzes!: 'all' | number;
  @ApiProperty() capstone!: boolean;
  @ApiProperty() peerReviews!: number;
}

export class BenefitsDto {
  @ApiProperty({ type: [ContentItemDto] }) participants!: ContentItemDto[];
  @ApiProperty({ type: [ContentItemDto] }) organization!: ContentItemDto[];
}

export class CourseDetailDto extends CourseSummaryDto {
  @ApiProperty({ description: 'Sanitized HTML' }) introductionHtml!: string;
  @ApiProperty() hours!: number;
  @ApiProperty({ type: [ContentItemDto] }) outcomes!: ContentItemDto[];
  @ApiProperty({ type: [ContentItemDto], description: 'Target participants' }) audience!: ContentItemDto[];
  @ApiProperty({ type: [ContentItemDto] }) methodologies!: ContentItemDto[];
  @ApiProperty({ type: BenefitsDto }) benefits!: BenefitsDto;
  @ApiProperty({ type: [WeekDto] }) weeks!: WeekDto[];
  @ApiProperty({ type: [ContentItemDto] }) actionPlan!: ContentItemDto[];
  @ApiProperty({ type: CompletionRulesDto }) completion!: CompletionRulesDto;
  @ApiProperty({ type: [ModuleSummaryDto] }) modules!: ModuleSummaryDto[];
}

export class SectionDto {
  @ApiProperty({ example: 'net-m01-defining-networks' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['lesson', 'case-study', 'workshop', 'exercise', 'action-planning'] }) kind!: string;
  @ApiProperty({ description: 'Sanitized HTML, rendered once at import' }) html!: string;
}

export class ModuleDetailDto extends ModuleSummaryDto {
  @ApiProperty() courseSlug!: string;
  @ApiProperty() versionNumber!: number;
  @ApiProperty({ type: [ContentItemDto] }) objectives!: ContentItemDto[];
  @ApiProperty() introductionHtml!: string;
  @ApiProperty({ type: [SectionDto] }) sections!: SectionDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) previousModuleId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) nextModuleId!: string | null;
}

export class ErrorDto {
  @ApiProperty({ example: 404 }) statusCode!: number;
  @ApiProperty({ example: 'COURSE_NOT_FOUND' }) code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) details?: Record<string, unknown>;
  @ApiProperty() requestId!: string;
}
