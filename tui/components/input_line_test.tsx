import assert from "node:assert/strict";
import { render } from "ink-testing-library";
import { InputLine } from "./input_line.tsx";

function line(text: string, cursor: number, width = 40): string {
  const { lastFrame, unmount } = render(
    <InputLine prompt="#general" chars={[...text]} cursor={cursor} width={width} />,
  );
  const out = lastFrame()!;
  unmount();
  return out;
}

Deno.test("InputLine shows the room and the text", () => {
  assert.equal(line("hello", 5).trimEnd(), "[#general] hello");
});

Deno.test("InputLine scrolls long text so the cursor stays visible", () => {
  const text = "the quick brown fox jumps over the lazy dog";
  const end = line(text, text.length);
  assert.ok(end.length <= 40);
  assert.match(end, /^\[#general\] .*fox jumps over the lazy dog\s*$/);
  assert.match(line(text, 0), /^\[#general\] the quick/);
});
