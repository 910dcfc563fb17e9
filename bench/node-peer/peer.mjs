// Greedy generation with node-llama-cpp, timed like the C# side: prompt tokens/s from the time to the first
// generated token, generation tokens/s over the rest. Prints one JSON line.
// usage: node peer.mjs <model.gguf> <threads> <maxTokens> <prompt text>
import { getLlama } from "node-llama-cpp";

const [modelPath, threadsArg, maxTokensArg, ...promptWords] = process.argv.slice(2);
const threads = Number(threadsArg);
const maxTokens = Number(maxTokensArg);
const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" });
const model = await llama.loadModel({ modelPath });
const prompt = model.tokenize(promptWords.join(" "), true);

async function once() {
  const context = await model.createContext({ contextSize: 1024, batchSize: 512, threads, sequences: 1 });
  const sequence = context.getSequence();
  const start = performance.now();
  let first = 0, generated = 0;
  for await (const token of sequence.evaluate(prompt, { temperature: 0 })) {
    if (generated === 0) first = performance.now();
    if (model.isSpecialToken?.(token) && token === model.tokens.eos) break;
    generated++;
    if (generated >= maxTokens) break;
  }
  const end = performance.now();
  await context.dispose();
  return { promptTps: prompt.length / ((first - start) / 1000), genTps: (generated - 1) / ((end - first) / 1000), generated };
}

await once(); // warm-up
const runs = [await once(), await once(), await once()];
console.log(JSON.stringify({
  promptTokens: prompt.length,
  promptTps: Math.max(...runs.map(r => r.promptTps)),
  genTps: Math.max(...runs.map(r => r.genTps)),
  generated: runs[0].generated,
}));
