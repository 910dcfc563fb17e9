// The `openai` npm package as a second, independent client of kb serve (run by NpmOpenAIClientTests).
// Prints one JSON object with what it saw; the test asserts on it.
import OpenAI from "openai";

const [baseURL, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: "unused", maxRetries: 0 });
const messages = [{ role: "user", content: "Once upon a time" }];

const completion = await client.chat.completions.create({ model, messages, max_tokens: 6 });

let streamed = "";
let usage = null;
let finish = null;
const stream = await client.chat.completions.create({ model, messages, max_tokens: 6, stream: true, stream_options: { include_usage: true } });
for await (const chunk of stream) {
  streamed += chunk.choices[0]?.delta?.content ?? "";
  finish = chunk.choices[0]?.finish_reason ?? finish;
  usage = chunk.usage ?? usage;
}

const embeddings = await client.embeddings.create({ model, input: ["first", "second"] });
const models = [];
for await (const m of client.models.list()) models.push(m.id);

let missingStatus = null;
try {
  await client.chat.completions.create({ model: "no-such-model", messages, max_tokens: 2 });
} catch (e) {
  missingStatus = e.status;
}

console.log(JSON.stringify({
  text: completion.choices[0].message.content,
  finish: completion.choices[0].finish_reason,
  completionTokens: completion.usage.completion_tokens,
  streamed,
  streamFinish: finish,
  streamCompletionTokens: usage?.completion_tokens ?? null,
  embeddingCount: embeddings.data.length,
  embeddingLength: embeddings.data[0].embedding.length,
  models,
  missingStatus,
}));
