import type { Messages } from '../../../platform/module.ts';

export default {
  errors: {
    noteSetNotFound: 'These notes were not found.',
    noteBlockNotFound: 'This part of the notes was not found. Someone may have removed it.',
    noteConflict:
      'Someone saved this part of the notes after you opened it. Their text is shown above; yours is still in the box. Merge the two and save again.',
    notInGroup: 'Only the members of this group and the facilitators can write its notes.',
    tooManyNoteBlocks: 'These notes hold at most {{max}} parts. Change an existing part instead.',
  },
  work: {
    nav: 'During and after the session',
    questions: 'Guiding questions',
    breakouts: 'Breakout groups',
    clinic: 'Clinic',
    reflection: 'Reflection',
    openSpace: 'Open space',
    report: 'Report',
  },
  notes: {
    title: 'Shared notes',
    live: 'Everyone in the group sees new notes here within a few seconds, without reloading the page.',
    none: 'No notes yet.',
    by: 'By {{name}}, {{when}}',
    byEdited: 'By {{name}}, changed by {{editor}}, {{when}}',
    edit: 'Change',
    add: 'Add to the notes',
    addHint: 'A point, an answer, a quote. Adding never overwrites anyone else’s notes.',
    addButton: 'Add',
    readOnly: 'Only the members of this group and the facilitators write these notes.',
    editTitle: 'Change a part of the notes',
    text: 'Text',
    emptyRemoves: 'Empty the box and save to remove this part.',
    save: 'Save',
    back: 'Back to the notes',
    saved: 'Your change to the notes is saved.',
    removed: 'The part of the notes is removed.',
    newerTitle: 'Someone changed this part meanwhile',
    newerIntro: 'This is the text as it is now. Your text is still in the box below: merge what you need and save again.',
  },
} satisfies Messages;
