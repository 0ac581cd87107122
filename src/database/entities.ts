import { CourseModuleEntity } from '../modules/content/entities/course-module.entity.js';
import { CourseVersionEntity } from '../modules/content/entities/course-version.entity.js';
import { CourseEntity } from '../modules/content/entities/course.entity.js';
import { ModuleSectionEntity } from '../modules/content/entities/module-section.entity.js';

// Classes, not globs: the same list serves Jest (TypeScript sources) and dist (compiled JavaScript).
export const ENTITIES = [CourseEntity, CourseVersionEntity, CourseModuleEntity, ModuleSectionEntity];
