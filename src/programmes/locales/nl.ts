import type { Messages } from '../../platform/module.ts';

export default {
  nav: { programmes: 'Programma’s' },
} satisfies Messages;
