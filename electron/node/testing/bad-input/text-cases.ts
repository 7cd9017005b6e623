/**
 * Broken language models (ARPA), words files and settings files.
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadArpa, parseArpaText } from '../../ctc/arpa-lm.ts';
import { parseWordsFile } from '../../text/words-file.ts';
import { parseTextSettings } from '../../../common/text-settings.ts';
import { SettingsStore } from '../../app/settings-store.ts';
import type { BadInputCase } from './corpus.ts';

const arpa = (text: string) => async () => parseArpaText(text, 'lm.arpa');
const lm = { code: 'InvalidLanguageModel' };
const words = { code: 'InvalidWordsFile' };
const settings = { code: 'InvalidTextSettings' };
const GOOD_ARPA = '\\data\\\nngram 1=3\n\n\\1-grams:\n-1.0\t<s>\n-0.5\tHELLO\n-1.0\t</s>\n\n\\end\\\n';

const settingsFile = (text: string) => async (dir: string) => {
  await mkdir(join(dir, 'in'), { recursive: true });
  await writeFile(join(dir, 'in', 'text-settings.json'), text);
  return new SettingsStore(join(dir, 'in', 'text-settings.json')).load();
};

export function textCases(): BadInputCase[] {
  return [
    { group: 'arpa', name: 'a file that is not ARPA', run: arpa('hello world\n'), refuse: lm },
    { group: 'arpa', name: 'an empty file', run: arpa(''), refuse: lm },
    {
      group: 'arpa',
      name: 'counts that disagree with the n-grams',
      run: arpa(GOOD_ARPA.replace('1=3', '1=7')),
      refuse: lm,
    },
    {
      group: 'arpa',
      name: 'a probability that is not a number',
      run: arpa(GOOD_ARPA.replace('-0.5', 'lots')),
      refuse: lm,
    },
    {
      group: 'arpa',
      name: 'an n-gram order of 99',
      run: arpa(GOOD_ARPA.replace('ngram 1=3', 'ngram 1=3\nngram 99=1')),
      refuse: lm,
    },
    { group: 'arpa', name: 'a file cut before \\end\\', run: arpa(GOOD_ARPA.slice(0, -8)), refuse: lm },
    {
      group: 'arpa',
      name: 'a missing file',
      run: async (dir) => loadArpa(join(dir, 'nowhere.arpa')),
      refuse: { code: 'LanguageModelNotFound' },
    },
    {
      group: 'arpa',
      name: 'a well-formed unigram model loads',
      run: arpa(GOOD_ARPA),
      accept: (value) => assert.ok(value !== null && typeof value === 'object'),
    },
    {
      group: 'words',
      name: 'a line with an unknown tag',
      run: async () => parseWordsFile('word\tKubernetes\nexplode\tnow\n'),
      refuse: { ...words, says: /line 2/i },
    },
    {
      group: 'words',
      name: 'binary junk (NUL bytes)',
      run: async () => parseWordsFile('\u0000\u0001\u0002PK\u0003\u0004'),
      refuse: words,
    },
    {
      group: 'words',
      name: 'a replacement with nothing to find',
      run: async () => parseWordsFile('replace\t\tsomething\n'),
      refuse: { ...words, says: /line 1/i },
    },
    {
      group: 'words',
      name: 'a valid file with comments, blank lines and CRLF',
      run: async () => parseWordsFile('# my words\r\n\r\nword\tKubernetes\r\nreplace\tbtw\tby the way\r\n'),
      accept: (value) => {
        const w = value as { vocabulary: string[]; replacements: { find: string; replace: string }[] };
        assert.deepEqual(w.vocabulary, ['Kubernetes']);
        assert.equal(w.replacements[0]?.replace, 'by the way');
      },
    },
    {
      group: 'settings',
      name: 'vocabulary as a string, not a list',
      run: async () => parseTextSettings({ vocabulary: 'Kubernetes' }),
      refuse: settings,
    },
    {
      group: 'settings',
      name: 'casing as the string "yes"',
      run: async () => parseTextSettings({ casing: 'yes' }),
      refuse: settings,
    },
    {
      group: 'settings',
      name: 'a settings file that is not JSON',
      run: settingsFile('{"vocabulary": ['),
      refuse: { ...settings, says: /damaged/ },
    },
    { group: 'settings', name: 'a settings file holding a JSON array', run: settingsFile('[1,2,3]'), refuse: settings },
    {
      group: 'settings',
      name: 'a __proto__ key does not reach the settings object',
      run: async () => parseTextSettings(JSON.parse('{"__proto__": {"digits": true}, "vocabulary": ["Ada"]}')),
      accept: (value) => {
        const s = value as { digits: boolean; vocabulary: string[] };
        assert.equal(s.digits, false);
        assert.equal(({} as { digits?: boolean }).digits, undefined);
        assert.deepEqual(s.vocabulary, ['Ada']);
      },
    },
  ];
}
