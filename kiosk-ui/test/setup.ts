import { configure } from '@testing-library/preact';

// `findBy…` and `waitFor` give up after 5 s, not Testing Library's 1 s: a screen that appears at once on
// an idle machine can take longer while the Node project's daemons and databases load CI's two cores.
// They still return as soon as what they wait for is there.
configure({ asyncUtilTimeout: 5000 });
