import { describe, expect, it } from '@jest/globals';
import { cleanOrganization, organizationConflicts, organizationKey, sameOrganization } from './organization.js';

describe('cleanOrganization', () => {
  it('should trim and collapse inner whitespace, keeping the case as typed', () => {
    expect(cleanOrganization('  Lalitpur   District\tEducation Office \n')).toBe('Lalitpur District Education Office');
  });

  it('should give null for nothing, blanks and whitespace only', () => {
    expect(cleanOrganization(null)).toBeNull();
    expect(cleanOrganization(undefined)).toBeNull();
    expect(cleanOrganization('')).toBeNull();
    expect(cleanOrganization(' \t\u00a0 ')).toBeNull();
  });

  it('should store composed characters (NFC)', () => {
    expect(cleanOrganization('Inspection d’Académie de Thie\u0300s')).toBe('Inspection d’Académie de Thiès');
  });
});

describe('organizationKey', () => {
  it('should ignore case, surrounding and repeated spaces', () => {
    expect(organizationKey('  BHAKTAPUR  Municipality Education section ')).toBe(
      'bhaktapur municipality education section',
    );
  });

  it('should fold accents written two ways, full-width letters and sharp s alike', () => {
    expect(organizationKey('Académie')).toBe(organizationKey('Acade\u0301mie'));
    expect(organizationKey('ＩＡ Dakar')).toBe(organizationKey('ia dakar'));
    expect(organizationKey('Straße')).toBe(organizationKey('STRASSE'));
  });

  it('should give null for no organization', () => {
    expect(organizationKey(null)).toBeNull();
    expect(organizationKey('   ')).toBeNull();
  });
});

describe('sameOrganization', () => {
  it('should match one organization typed differently', () => {
    expect(sameOrganization('Lalitpur District Education Office', ' lalitpur  district education OFFICE')).toBe(true);
  });

  it('should tell different organizations apart', () => {
    expect(sameOrganization('Lalitpur District Education Office', 'Bhaktapur Municipality Education Section')).toBe(
      false,
    );
  });

  it('should never match a missing organization, not even another missing one', () => {
    expect(sameOrganization(null, null)).toBe(false);
    expect(sameOrganization('', '  ')).toBe(false);
    expect(sameOrganization(null, 'Lalitpur District Education Office')).toBe(false);
  });
});

describe('organizationConflicts', () => {
  const enrolled = new Map<string, string | null>([
    ['bikash@example.org', 'Lalitpur District Education Office'],
    ['sunita@example.org', null],
  ]);

  it('should refuse to change an organization already recorded on an active enrolment', () => {
    expect(
      organizationConflicts(
        [{ line: 3, email: 'bikash@example.org', organization: 'Bhaktapur Municipality Education Section' }],
        enrolled,
      ),
    ).toEqual([
      {
        line: 3,
        column: 'organization',
        message:
          'bikash@example.org is enrolled already with the organization "Lalitpur District Education Office"; to record "Bhaktapur Municipality Education Section" instead, withdraw them and enrol them again',
      },
    ]);
  });

  it('should pass the same organization written differently, a blank one, a first one and people not enrolled', () => {
    expect(
      organizationConflicts(
        [
          { line: 2, email: 'bikash@example.org', organization: 'LALITPUR district education office' },
          { line: 3, email: 'bikash@example.org', organization: null },
          { line: 4, email: 'sunita@example.org', organization: 'Bhaktapur Municipality Education Section' },
          { line: 5, email: 'new@example.org', organization: 'Kathmandu Metropolitan City' },
        ],
        enrolled,
      ),
    ).toEqual([]);
  });
});
