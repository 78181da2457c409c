/** The process behind `npm run admin -- …` (see admin-command.ts). */
import { runAdmin } from './admin-command';

runAdmin(process.argv.slice(2), { env: process.env, out: (text) => console.log(text), err: (text) => console.error(text) })
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
