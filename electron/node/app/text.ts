/** Text services: the formatting preview and the user's text settings and words files. */
import type { TextServices } from '../../common/contract/text.ts';
import { normalisePhrase } from '../../common/text-settings.ts';
import { parseWordsFile, serialiseWordsFile } from '../text/words-file.ts';
import type { AppContext } from './context.ts';
import { formatText } from './format-text.ts';

export function textServices({ settings }: AppContext): TextServices {
  return {
    async formatText(request) {
      return formatText(request, await settings.load());
    },
    getTextSettings: () => settings.load(),
    saveTextSettings: (value) => settings.save(value),
    async importWords(text) {
      const words = parseWordsFile(text, 'the imported words file');
      const current = await settings.load();
      const vocabulary = [...new Set([...current.vocabulary, ...words.vocabulary])];
      const finds = new Set(words.replacements.map((r) => normalisePhrase(r.find)));
      const replacements = [
        ...current.replacements.filter((r) => !finds.has(normalisePhrase(r.find))),
        ...words.replacements,
      ];
      return settings.save({
        ...current,
        vocabulary,
        replacements,
        commandPhrases: { ...current.commandPhrases, ...words.commandPhrases },
      });
    },
    async exportWords() {
      const { vocabulary, replacements, commandPhrases } = await settings.load();
      return serialiseWordsFile({ vocabulary, replacements, commandPhrases });
    },
  };
}
