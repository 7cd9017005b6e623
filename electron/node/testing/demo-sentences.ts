/**
 * Sentences written for Verba's word-asserting tests and the accuracy bench: everyday dictation, never
 * taken from the demo model's training text (fortunes, changelogs, its dictation templates). Spoken by
 * voices of the model's training engines (synthetic-speech.ts), they give output that can be checked.
 *
 *   for (const s of EVAL_SENTENCES) await synthesize(s, VOICES[0]!, join(dir, 'x.wav'));
 */

/** Plain sentences, upper case as the model writes them (no punctuation, numbers spelled out). */
export const EVAL_SENTENCES: readonly string[] = [
  'PLEASE SEND THE REPORT TO THE TEAM BEFORE LUNCH',
  'THE MEETING MOVED TO THURSDAY AFTERNOON',
  'I WILL CALL YOU BACK WHEN I GET HOME',
  'WE NEED MORE TIME TO FINISH THE DESIGN',
  'THE NEW PRINTER IS ON THE SECOND FLOOR',
  'CAN YOU CHECK THE NUMBERS IN THE LAST TABLE',
  'MY TRAIN WAS LATE AGAIN THIS MORNING',
  'THANK YOU FOR YOUR HELP WITH THE MOVE',
  'THE GARDEN NEEDS WATER EVERY EVENING IN SUMMER',
  'SHE WROTE A SHORT NOTE ABOUT THE BUDGET',
  'LET US MEET AT THE STATION AT NOON',
  'THE KIDS WANT PIZZA FOR DINNER TONIGHT',
  'HE FORGOT HIS KEYS IN THE CAR',
  'OUR FLIGHT LEAVES EARLY ON MONDAY',
  'THE DOCTOR SAID I SHOULD REST FOR A WEEK',
  'PLEASE WRITE DOWN THE NAME OF THE STREET',
  'THE COFFEE MACHINE IN THE KITCHEN IS BROKEN',
  'WE SHOULD ORDER NEW CHAIRS FOR THE OFFICE',
  'THE STORM KNOCKED OVER TWO OLD TREES',
  'I READ THE WHOLE BOOK IN ONE NIGHT',
];

/**
 * Dictation with spoken punctuation, as words the model should hear, and what the text layer writes
 * when it hears them. Used where the model is reliable on the command word (measured, see the tests).
 */
export const COMMAND_SENTENCES: readonly { spoken: string; written: RegExp }[] = [
  { spoken: 'SEE YOU TOMORROW PERIOD', written: /\.$/ },
  { spoken: 'YES COMMA I AGREE', written: /,/ },
  { spoken: 'ARE YOU THERE QUESTION MARK', written: /\?$/ },
];
