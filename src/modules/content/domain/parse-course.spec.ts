import { describe, expect, it } from '@jest/globals';
import { parseCourse, type CourseFiles } from './parse-course.js';
import { capstoneFile, capstoneYaml, courseFiles, courseYaml, moduleFile, quizFile } from './content.fixtures.js';

describe('parseCourse', () => {
  it('should assemble a course with modules ordered by number and placed in their weeks', () => {
    const result = parseCourse(courseFiles({ modules: 4, perWeek: 2 }));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.modules.map((module) => module.id)).toEqual(['tc-m01', 'tc-m02', 'tc-m03', 'tc-m04']);
    expect(result.value.weeks.map((week) => week.moduleIds)).toEqual([
      ['tc-m01', 'tc-m02'],
      ['tc-m03', 'tc-m04'],
    ]);
  });

  it('should name file and line for a week listing a module that does not exist', () => {
    const files = courseFiles({ modules: 2, perWeek: 2 });
    files.course.source = files.course.source.replace('modules: [tc-m01, tc-m02]', 'modules: [tc-m01, tc-m02, tc-m09]');
    const result = parseCourse(files);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toContainEqual({
        file: 'content/courses/test-course/course.yaml',
        line: files.course.source.split('\n').findIndex((line) => line.includes('tc-m09')) + 1,
        message: 'week 1 lists module tc-m09, but no module file has that id',
      });
    }
  });

  it('should refuse an id used twice anywhere in the course, naming both places', () => {
    const files = courseFiles({ modules: 2, perWeek: 2 });
    files.modules[1].source = files.modules[1].source.replace('{#tc-m02-s1}', '{#tc-m01-s1}');
    const result = parseCourse(files);
    expect(!result.ok && result.problems).toEqual([
      {
        file: 'content/courses/test-course/modules/02.md',
        line: 10,
        message: 'duplicate id tc-m01-s1 (already used at content/courses/test-course/modules/01.md:10)',
      },
    ]);
  });

  it('should report a gap in module numbers once, and a module in no week', () => {
    const files: CourseFiles = {
      slug: 'test-course',
      course: { file: 'c/course.yaml', source: courseYaml({ weeks: [['tc-m01', 'tc-m03']] }) },
      modules: [moduleFile(1), moduleFile(3), moduleFile(4)],
    };
    const result = parseCourse(files);
    expect(!result.ok && result.problems.map((problem) => problem.message)).toEqual([
      'no module has number 2: module numbers must run 1, 2, 3… without gaps',
      'module tc-m04 is not listed in any week of course.yaml',
    ]);
  });

  it('should report every bad field of course.yaml with its line', () => {
    const files = courseFiles({ modules: 1, perWeek: 1 });
    files.course.source = files.course.source
      .replace('hours: 40', 'hours: forty')
      .replace('language: en', 'language: English');
    const result = parseCourse(files);
    expect(!result.ok && result.problems).toEqual([
      {
        file: 'content/courses/test-course/course.yaml',
        line: 2,
        message: 'language: language must be a BCP 47 tag such as en or fr-SN',
      },
      { file: 'content/courses/test-course/course.yaml', line: 6, message: 'hours: hours must be a number' },
    ]);
  });

  it('should refuse unknown fields rather than ignore a typo', () => {
    const files = courseFiles({ modules: 1, perWeek: 1 });
    files.course.source = files.course.source.replace('hours: 40', 'hours: 40\nhuors: 12');
    const result = parseCourse(files);
    expect(!result.ok && result.problems[0].message).toBe('unknown field huors');
  });

  describe('quiz files', () => {
    it('should attach a question bank to its module with settings layered: defaults, course, quiz file', () => {
      const files = courseFiles({ modules: 2, perWeek: 2 });
      files.course.source += 'quiz:\n  passMark: 60\n  attemptsAllowed: null\n';
      files.quizzes = [quizFile(2, 3, 'settings:\n  timeLimitMinutes: 15\n  drawCount: 2\n')];
      const result = parseCourse(files);
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      expect(result.value.modules[0].quiz).toBeUndefined();
      expect(result.value.modules[1].quiz?.questions.map((question) => question.id)).toEqual([
        'tc-m02-q1',
        'tc-m02-q2',
        'tc-m02-q3',
      ]);
      expect(result.value.modules[1].quiz?.settings).toEqual({
        passMark: 60,
        attemptsAllowed: null,
        grading: 'highest',
        timeLimitMinutes: 15,
        drawCount: 2,
        shuffleQuestions: true,
        shuffleOptions: true,
        showAnswers: 'after-attempt',
      });
    });

    it('should name the line of a quiz for an unknown module, a second quiz and a draw larger than the bank', () => {
      const files = courseFiles({ modules: 2, perWeek: 2 });
      const stray = { ...quizFile(9), file: 'content/courses/test-course/modules/09.quiz.yaml' };
      const second = { ...quizFile(1), file: 'content/courses/test-course/modules/01b.quiz.yaml' };
      second.source = second.source.replaceAll('tc-m01-q', 'tc-m01-x');
      const greedy = quizFile(2, 2, 'settings:\n  drawCount: 5\n');
      files.quizzes = [quizFile(1), second, stray, greedy];
      const result = parseCourse(files);
      expect(!result.ok && result.problems).toEqual([
        {
          file: 'content/courses/test-course/modules/01b.quiz.yaml',
          line: 1,
          message: 'module tc-m01 already has a quiz file',
        },
        { file: 'content/courses/test-course/modules/09.quiz.yaml', line: 1, message: 'no module file has id tc-m09' },
        {
          file: 'content/courses/test-course/modules/02.quiz.yaml',
          line: 3,
          message: 'drawCount is 5 but the bank has only 2 questions',
        },
      ]);
    });

    it('should refuse a question id that a module already uses', () => {
      const files = courseFiles({ modules: 1, perWeek: 1 });
      const quiz = quizFile(1);
      quiz.source = quiz.source.replace('id: tc-m01-q1\n', 'id: tc-m01-s1\n');
      files.quizzes = [quiz];
      const result = parseCourse(files);
      expect(!result.ok && result.problems).toEqual([
        {
          file: 'content/courses/test-course/modules/01.quiz.yaml',
          line: 3,
          message: 'duplicate id tc-m01-s1 (already used at content/courses/test-course/modules/01.md:10)',
        },
      ]);
    });
  });

  describe('capstone.yaml and the gradebook', () => {
    it('should leave the capstone out when the course has no capstone.yaml, and grade on the quizzes alone', () => {
      const result = parseCourse(courseFiles({ modules: 1, perWeek: 1 }));
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      expect(result.value.capstone).toBeUndefined();
      expect(result.value.gradebook).toEqual({ quizzes: 100, capstone: 0, peerReview: 0, passPercent: 60 });
    });

    it('should attach the capstone and take the weights course.yaml gives, defaulting the rest', () => {
      const files = courseFiles({ modules: 1, perWeek: 1 });
      files.capstone = capstoneFile();
      files.course.source += 'gradebook:\n  quizzes: 30\n  capstone: 50\n  peerReview: 20\n';
      const result = parseCourse(files);
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      expect(result.value.capstone?.sections.map((section) => section.id)).toEqual([
        'tc-needs',
        'tc-activities',
        'tc-budget',
      ]);
      expect(result.value.gradebook).toEqual({ quizzes: 30, capstone: 50, peerReview: 20, passPercent: 60 });
    });

    it('should report a broken capstone.yaml by its own file and line, with the other files problems', () => {
      const files = courseFiles({ modules: 1, perWeek: 1 });
      files.capstone = capstoneFile(capstoneYaml().replace('kind: budget', 'kind: ledger'));
      files.course.source = files.course.source.replace('hours: 40', 'hours: forty');
      const result = parseCourse(files);
      expect(!result.ok && result.problems).toEqual([
        { file: 'content/courses/test-course/course.yaml', line: 6, message: 'hours: hours must be a number' },
        {
          file: 'content/courses/test-course/capstone.yaml',
          line: 19,
          message: 'sections[2].kind: kind must be one of text, activities, budget',
        },
      ]);
    });

    it('should refuse gradebook weights that do not add up to 100, and a pass mark above 100, at their lines', () => {
      const files = courseFiles({ modules: 1, perWeek: 1 });
      files.capstone = capstoneFile();
      files.course.source += 'gradebook:\n  quizzes: 40\n  capstone: 50\n  passPercent: 101\n';
      const lines = files.course.source.split('\n');
      const result = parseCourse(files);
      expect(!result.ok && result.problems).toEqual([
        {
          file: 'content/courses/test-course/course.yaml',
          line: lines.indexOf('  passPercent: 101') + 1,
          message: 'gradebook.passPercent: passPercent must be a number from 0 to 100',
        },
        {
          file: 'content/courses/test-course/course.yaml',
          line: lines.indexOf('  quizzes: 40') + 1,
          message: 'gradebook: quizzes, capstone and peerReview must add up to 100 (they add up to 90)',
        },
      ]);
    });

    it('should refuse a gradebook that weights a capstone the course does not have', () => {
      const files = courseFiles({ modules: 1, perWeek: 1 });
      files.course.source += 'gradebook:\n  quizzes: 40\n  capstone: 60\n';
      const result = parseCourse(files);
      expect(!result.ok && result.problems).toEqual([
        {
          file: 'content/courses/test-course/course.yaml',
          line: files.course.source.split('\n').indexOf('gradebook:') + 1,
          message: 'gradebook gives the capstone a weight of 60, but the course has no capstone.yaml',
        },
      ]);
      files.course.source = files.course.source.replace('quizzes: 40\n  capstone: 60', 'quizzes: 100\n  capstone: 0');
      expect(parseCourse(files).ok).toBe(true);
    });
  });
});
