import { IsString, MaxLength } from 'class-validator';

export class ForgotPasswordFormDto {
  @IsString()
  @MaxLength(254)
  email!: string;

  @IsString()
  _csrf!: string;
}

export class SetPasswordFormDto {
  @IsString()
  @MaxLength(100)
  token!: string;

  // Longer passwords are refused by passwordProblem with a readable message, not here.
  @IsString()
  @MaxLength(1000)
  password!: string;

  @IsString()
  @MaxLength(1000)
  confirm!: string;

  @IsString()
  _csrf!: string;
}
