// tsc copies no non-TypeScript files: bring views and assets next to the compiled code in dist/.
import { cpSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const copyTree = (from, to) => {
  for (const name of readdirSync(from)) {
    const source = path.join(from, name);
    const target = path.join(to, name);
    if (statSync(source).isDirectory()) copyTree(source, target);
    else if (/\.(hbs|css|json|yaml|svg|woff2|ttf)$/.test(name) || (/\.js$/.test(name) && from.endsWith(`${path.sep}assets`))) cpSync(source, target);
  }
};
copyTree('src', 'dist/src');
