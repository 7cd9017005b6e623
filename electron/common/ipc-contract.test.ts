import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  events,
  invokes,
  slices,
  type ArgsOf,
  type InvokeName,
  type PayloadOf,
  type ResultOf,
  type VerbaServices,
} from './ipc-contract.ts';
import type { SystemInfo } from './ipc-types.ts';
import { checkArgs, isPayload } from './contract/spec.ts';
import { dispatch } from './ipc-dispatch.ts';

const names = Object.keys(invokes) as InvokeName[];
const oneSentence = (text: string) => /^[A-Z][^\n]*\.$/.test(text) && !/\.\s+[A-Z]/.test(text.slice(0, -1));

test('the slices merge without losing or shadowing a call, and every channel is unique', () => {
  const sliceNames = Object.values(slices).flatMap((slice) => Object.keys(slice));
  assert.equal(new Set(sliceNames).size, sliceNames.length, 'two slices define the same call');
  assert.deepEqual(sliceNames.sort(), [...names].sort());
  const channels = [...Object.values(invokes), ...Object.values(events)].map((spec) => spec.channel);
  assert.equal(new Set(channels).size, channels.length);
  for (const name of Object.keys(events)) assert.match(name, /^onDid[A-Z]/);
});

// Calls whose schemas accept each of these values as their first argument.
const valid: Partial<Record<InvokeName, unknown[]>> = {
  formatText: [{ text: 'HELLO PERIOD', digits: true }],
  saveTextSettings: [{ vocabulary: ['Kubernetes'], commandPhrases: { 'full stop': 'period' } }],
  importWords: ['word\tKubernetes\n'],
  discardUnsavedRecording: ['/home/ada/.cache/verba/spool/1.wav'],
  transcribeFile: [{ path: 'C:\\Users\\ada\\talk.m4a', model: 'asapp/sew-d-tiny-100k-ft-ls100h', raw: false }],
  pickFiles: [{ purpose: 'transcribe', multiple: true }],
  listTranscripts: [{ kind: 'file', from: 0, limit: 20, offset: 40 }],
  searchTranscripts: [{ text: 'budget', kind: 'file', limit: 20 }],
  getTranscript: [1],
  openTranscript: [1],
  updateTranscript: [{ id: 1, title: 'Standup' }],
  deleteTranscript: [1],
  restoreTranscript: [1],
  exportTranscript: [{ id: 1, format: 'md', participants: ['Ada'] }],
  transcriptAudio: [1],
  importModel: ['/home/ada/models/sew-d-tiny'],
};

test('each call accepts what its schema describes', () => {
  for (const name of names) {
    const args = valid[name] ?? (invokes[name].args.length === 0 ? [] : undefined);
    if (args === undefined) continue;
    assert.equal(checkArgs(invokes[name], args), null, name);
  }
});

test('every call refuses wrong types, missing and extra arguments with one clause', async () => {
  const seen: string[] = [];
  const services = new Proxy({} as VerbaServices, {
    get: (_target, name) => async () => seen.push(String(name)),
  });
  const wrong: unknown[] = [42, null, 'x'.repeat(10), { surprise: true }, [], true];
  for (const name of names) {
    const spec = invokes[name];
    const cases: unknown[][] = [[...(valid[name] ?? []), ...Array(spec.args.length + 1).fill('extra')]];
    if (spec.args.length > 0) cases.push([], ...wrong.filter((w) => checkArgs(spec, [w]) !== null).map((w) => [w]));
    // A call that takes an argument refuses at least four of the six wrong values.
    if (spec.args.length > 0) assert.ok(cases.length >= 5, `${name} accepts too much`);
    for (const args of cases) {
      const result = await dispatch(services, name, args);
      assert.equal(result.ok, false, `${name}(${JSON.stringify(args)}) was accepted`);
      if (result.ok) continue;
      assert.equal(result.error.name, 'InvalidPayload');
      assert.ok(oneSentence(result.error.message), result.error.message);
      assert.ok(result.error.message.startsWith(`Verba refused a malformed request (${name}): `));
    }
  }
  assert.deepEqual(seen, [], 'a service ran on a refused payload');
});

test('the sentences name the argument and the field that is wrong', () => {
  const cases: [InvokeName, unknown[], string][] = [
    ['formatText', [42], 'argument 1 must be an object'],
    ['formatText', [{ text: 7 }], '"text" in argument 1 must be text'],
    [
      'formatText',
      [{ text: 'A'.repeat(1_000_001) }],
      '"text" in argument 1 must be text of at most 1,000,000 characters',
    ],
    ['formatText', [{ text: 'HI', shout: true }], '"shout" in argument 1 is not something this call takes'],
    ['transcribeFile', [{ path: 'package.json' }], '"path" in argument 1 must be an absolute file path'],
    ['transcribeFile', [{ path: '/a.wav', digits: 'yes' }], '"digits" in argument 1 must be true or false'],
    ['transcribeFile', [{}], '"path" in argument 1 is missing'],
    ['formatText', [], 'argument 1 is missing'],
    ['getSystemInfo', [1], 'this call takes no arguments, not 1'],
    [
      'exportTranscript',
      [{ id: 1, format: 'pdf' }],
      '"format" in argument 1 must be one of "txt", "md", "srt", "vtt", "json", "docx"',
    ],
    [
      'saveTextSettings',
      [{ commandPhrases: { 'full stop': 'explode' } }],
      '"commandPhrases.full stop" in argument 1 must be one of',
    ],
    ['pickFiles', [{ purpose: 'anything' }], '"purpose" in argument 1 must be one of "transcribe", "words", "model"'],
    ['discardUnsavedRecording', ['../../etc/passwd'], 'argument 1 must be an absolute file path'],
    ['getTranscript', [1.5], 'argument 1 must be a transcript id'],
    ['transcriptAudio', ['/etc/passwd'], 'argument 1 must be a number'],
  ];
  for (const [name, args, expected] of cases) {
    const problem = checkArgs(invokes[name], args);
    assert.ok(problem?.startsWith(expected), `${name}: ${problem}`);
  }
});

test('event payloads are checked by their schemas', () => {
  assert.ok(isPayload(events.onDidPartialText, { sessionId: 's1', stable: 'Hello', unstable: ' wor' }));
  assert.ok(!isPayload(events.onDidPartialText, { sessionId: 's1', stable: 'Hello' }));
  assert.ok(isPayload(events.onDidChangeLevel, { sessionId: 's1', level: 0.4 }));
  assert.ok(!isPayload(events.onDidChangeLevel, { sessionId: 's1', level: 4 }));
  assert.ok(!isPayload(events.onDidChangeDictationState, { sessionId: 's1', state: 'dancing' }));
  assert.ok(isPayload(events.onDidProgress, { task: 'transcribe', fraction: -1, message: '0:10 transcribed' }));
});

// Compile-time: the derived types are the declared ones (a wrong derivation fails `tsc`, not this run).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const typesHold: [
  Same<ResultOf<'getSystemInfo'>, SystemInfo>,
  Same<ResultOf<'exportTranscript'>, string | null>,
  Same<ArgsOf<'formatText'>, [{ text: string; commands?: boolean; digits?: boolean }]>,
  Same<ArgsOf<'getSystemInfo'>, []>,
  Same<PayloadOf<'onDidPartialText'>, { sessionId: string; stable: string; unstable: string }>,
] = [true, true, true, true, true];
void typesHold;
