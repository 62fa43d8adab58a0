import type { Messages } from '../module.ts';

export default {
  nav: {
    main: 'Main',
    skip: 'Skip to content',
    home: 'Home',
    signIn: 'Sign in',
    signUp: 'Sign up',
    signOut: 'Sign out',
    organisations: 'Organisations',
    account: 'Account',
    outbox: 'Outbox',
  },
  footer: { about: 'Vaardig, open-source platform for skills ecosystems.' },
  home: {
    title: 'One language of skills for your network',
    lead: 'Vaardig keeps a shared library of skills, recognises learning with verifiable Open Badges, runs communities of practice and shows which skills the labour market asks for.',
    demo: 'This is a demo network: the people and organisations in it are made up.',
    getStarted: 'Create an account',
  },
  form: { errorSummary: 'There is a problem', save: 'Save', cancel: 'Cancel' },
  errors: {
    csrf: 'The form has expired or did not come from this site. Go back, reload the page and try again.',
    home: 'Go to the home page',
    '400': { title: 'That did not work', body: 'The request could not be understood. Go back and try again.' },
    '403': { title: 'Not allowed' },
    '404': { title: 'Page not found', body: 'There is no page at this address. Check the address, or start again from the home page.' },
    '413': { title: 'Too large', body: 'What you sent is larger than this page accepts.' },
    '415': { title: 'Unsupported format', body: 'This page does not accept what was sent in this format.' },
    '429': { title: 'Too many requests', body: 'You tried this too often in a short time. Wait a minute and try again.' },
    '500': { title: 'Something went wrong', body: 'Something went wrong on our side. Please try again in a moment.' },
  },
} satisfies Messages;
