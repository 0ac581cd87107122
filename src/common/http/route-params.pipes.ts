import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../domain-error.js';
import { isUuid } from '../ids.js';

const STABLE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Cheap checks for the path and query parameters of hot page routes: a regular expression instead of a
 * class-validator pass on every request, with the same VALIDATION_FAILED error shape.
 */
@Injectable()
export class StableIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && value.length <= 80 && STABLE_ID.test(value)) return value;
    throw invalid(metadata.data ?? 'parameter', 'must be lowercase letters, digits and hyphens');
  }
}

@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (isUuid(value)) return value;
    throw invalid(metadata.data ?? 'parameter', 'must be an id such as 0b6f…-…');
  }
}

@Injectable()
export class OptionalVersionPipe implements PipeTransform<string | undefined, number | undefined> {
  transform(value: string | undefined, metadata: ArgumentMetadata): number | undefined {
    if (value === undefined || value === '') return undefined;
    if (/^[1-9]\d{0,5}$/.test(value)) return Number(value);
    throw invalid(metadata.data ?? 'version', 'must be a whole number, 1 or more');
  }
}

function invalid(field: string, problem: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${field} ${problem}`, {
    fields: [{ field, problems: [`${field} ${problem}`] }],
  });
}
