// Model answers for fault tests on the range library (test/support/repo.ts): the real fix
// plus extra code that runs when the tests load src/range.js.

const FIX_LOOP = `<<<<<<< SEARCH
  for (let i = start; i < end; i++) {
=======
  for (let i = start; i <= end; i++) {
>>>>>>> REPLACE`;

/** The fix, with `code` inserted after 'use strict' (runs in every test run of the candidate). */
export function fixWith(code: string, plan = 'Fix the loop.'): string {
  return `Plan: ${plan}

src/range.js
\`\`\`js
<<<<<<< SEARCH
'use strict';
=======
'use strict';
${code}
>>>>>>> REPLACE
${FIX_LOOP}
\`\`\`
`;
}

/** No fix, only `code` (the tests still fail). */
export function onlyCode(code: string, plan = 'Try something.'): string {
  return `Plan: ${plan}

src/range.js
\`\`\`js
<<<<<<< SEARCH
'use strict';
=======
'use strict';
${code}
>>>>>>> REPLACE
\`\`\`
`;
}
