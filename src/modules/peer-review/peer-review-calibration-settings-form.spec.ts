import { describe, expect, it } from '@jest/globals';
import { parseSettingsForm } from './peer-review-staff.service.js';

describe('the cohort settings form: calibration fields', () => {
  it('should read the calibration mode, a decimal tolerance and the number of examples; blanks follow the course', () => {
    expect(
      parseSettingsForm({ calibration: 'recorded', calibrationTolerance: '0.25', calibrationExamples: '2' }),
    ).toEqual({ calibration: 'recorded', calibrationTolerance: 0.25, calibrationExamples: 2 });
    expect(parseSettingsForm({ calibration: '', calibrationTolerance: ' ', calibrationExamples: '' })).toEqual({});
  });

  it('should refuse a tolerance that is not a plain number of levels, or out of range, naming the field', () => {
    expect(() => parseSettingsForm({ calibrationTolerance: '0,5' })).toThrow(
      'calibrationTolerance must be a number of levels such as 0.5.',
    );
    expect(() => parseSettingsForm({ calibrationTolerance: '4' })).toThrow(
      'calibrationTolerance must be a number of rubric levels from 0 to 3',
    );
    expect(() => parseSettingsForm({ calibrationExamples: '3' })).toThrow('calibrationExamples must be 1 or 2');
    expect(() => parseSettingsForm({ calibration: 'sometimes' })).toThrow(
      'calibration must be one of required, recorded, off',
    );
  });
});
