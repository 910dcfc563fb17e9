// Renders chat templates with @huggingface/jinja, the reference engine of the chat-template parity test.
//
// stdin:  {"template": "...", "context": {...}, "now": "2024-07-26T10:30:00Z"}  or a JSON array of such cases
// stdout: {"ok": true, "text": "..."} / {"ok": false, "error": "..."}     (an array for an array input)
//
// The engine is installed beside this script (jinja-reference/, pinned by its package-lock.json).
// "now" fixes the clock behind strftime_now: the engine reads `new Date()` and refuses a context variable
// of that name, so the Date constructor is what has to be pinned. Run with TZ=UTC for a stable day and hour.
import { createRequire } from "node:module";

const require = createRequire(new URL("./jinja-reference/package.json", import.meta.url));
const { Template } = await import(require.resolve("@huggingface/jinja"));

const RealDate = Date;
function pinClock(iso) {
  const fixed = new RealDate(iso ?? "2024-07-26T10:30:00Z").getTime();
  globalThis.Date = class extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(fixed);
      else super(...args);
    }
    static now() {
      return fixed;
    }
  };
}

function render(testCase) {
  try {
    pinClock(testCase.now);
    const text = new Template(testCase.template).render(testCase.context ?? {});
    return { ok: true, text };
  } catch (error) {
    return { ok: false, error: String(error?.message ?? error) };
  } finally {
    globalThis.Date = RealDate;
  }
}

let input = "";
for await (const chunk of process.stdin) input += chunk;
const parsed = JSON.parse(input);
const output = Array.isArray(parsed) ? parsed.map(render) : render(parsed);
process.stdout.write(JSON.stringify(output));
