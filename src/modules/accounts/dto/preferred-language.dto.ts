import { IsString, MaxLength } from 'class-validator';

export class PreferredLanguageFormDto {
  @IsString()
  @MaxLength(35)
  language!: string;

  @IsString()
  _csrf!: string;
}
