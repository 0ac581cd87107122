import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CreateCopyFormDto {
  @IsString() _csrf!: string;
  @IsString() @MaxLength(80) course!: string;
  @IsOptional() @IsString() @MaxLength(10) version?: string;
  @IsString() @MaxLength(35) language!: string;
  @IsString() @MaxLength(200) title!: string;
  @IsString() @MaxLength(60) slug!: string;
  @IsOptional() @IsString() @MaxLength(80) logoText?: string;
  @IsOptional() @IsString() @MaxLength(7) accentColor?: string;
  @IsOptional() @IsString() @MaxLength(500) footer?: string;
}

export class UnitFormDto {
  @IsString() _csrf!: string;
  @IsString() @MaxLength(300) unit!: string;
  @IsString() @MaxLength(30) shown!: string;
  @IsString() @MaxLength(20) action!: string;
  // Checked by the service, which names the unit (422) for an empty or too long text.
  @IsOptional() @IsString() text?: string;
}

export class SectionFormDto {
  @IsString() _csrf!: string;
  @IsString() @MaxLength(80) after!: string;
  @IsString() @MaxLength(200) title!: string;
  @IsString() markdown!: string;
}

export class CsrfFormDto {
  @IsString() _csrf!: string;
}
