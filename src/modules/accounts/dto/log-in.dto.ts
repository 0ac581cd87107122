import { IsOptional, IsString, MaxLength } from 'class-validator';

export class LogInFormDto {
  @IsString()
  @MaxLength(254)
  email!: string;

  @IsString()
  @MaxLength(200)
  password!: string;

  @IsString()
  _csrf!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  next?: string;
}
