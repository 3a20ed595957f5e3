// Scripted model answers for the range library in test/support/repo.ts.

export const PROSE = 'You should make the loop inclusive; that will fix it.';

export const FIX_BLOCKS = `Plan: Make the loop include the end.

src/range.js
\`\`\`js
<<<<<<< SEARCH
  for (let i = start; i < end; i++) {
=======
  for (let i = start; i <= end; i++) {
>>>>>>> REPLACE
\`\`\`
`;

export const FIX_DIFF = `Plan: Use <= so that the end is part of the range.

\`\`\`diff
--- a/src/range.js
+++ b/src/range.js
@@ -2,7 +2,7 @@
 /** Returns the integers from start to end inclusive. */
 function range(start, end) {
   const out = [];
-  for (let i = start; i < end; i++) {
+  for (let i = start; i <= end; i++) {
     out.push(i);
   }
   return out;
\`\`\`
`;

export const WRONG_FIX = `Plan: Start one later.

src/range.js
\`\`\`js
<<<<<<< SEARCH
  for (let i = start; i < end; i++) {
=======
  for (let i = start + 1; i < end; i++) {
>>>>>>> REPLACE
\`\`\`
`;

export const TEST_EDIT = `Plan: Expect what the code does.

test/range.test.js
\`\`\`js
<<<<<<< SEARCH
  assert.deepStrictEqual(range(1, 3), [1, 2, 3]);
=======
  assert.deepStrictEqual(range(1, 3), [1, 2]);
>>>>>>> REPLACE
\`\`\`
`;

export const ESCAPE = `Plan: Write outside.

\`\`\`diff
--- /dev/null
+++ b/../escaped.txt
@@ -0,0 +1 @@
+owned
\`\`\`
`;

export const NOT_APPLYING = `Plan: Edit a line that is not there.

src/range.js
\`\`\`js
<<<<<<< SEARCH
  for (let j = 0; j < n; j++) {
=======
  for (let j = 0; j <= n; j++) {
>>>>>>> REPLACE
\`\`\`
`;

/** Makes the tests hang forever (the loop never ends). */
export const HANG = `Plan: Loop differently.

src/range.js
\`\`\`js
<<<<<<< SEARCH
  for (let i = start; i < end; i++) {
=======
  for (let i = start; i <= end; i += 0) {
>>>>>>> REPLACE
\`\`\`
`;

/** A partial fix: range(2, 2) works, range(1, 3) still misses its end. */
export const PARTIAL_FIX = `Plan: Handle the single-element range.

src/range.js
\`\`\`js
<<<<<<< SEARCH
  for (let i = start; i < end; i++) {
=======
  for (let i = start; i < end || (i === start && start === end); i++) {
>>>>>>> REPLACE
\`\`\`
`;

/** Another harmless change that fixes nothing (same reward as WRONG_FIX-style answers). */
export const NOOP_COMMENT = `Plan: Document the loop.

src/range.js
\`\`\`js
<<<<<<< SEARCH
  const out = [];
=======
  const out = []; // collected values
>>>>>>> REPLACE
\`\`\`
`;
