import type { Messages } from '../../platform/module.ts';

export default {
  nav: { programmes: 'Programmes' },
} satisfies Messages;
