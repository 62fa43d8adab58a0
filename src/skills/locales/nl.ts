import type { Messages } from '../../platform/module.ts';

export default {
  nav: { library: 'Vaardigheden' },
} satisfies Messages;
