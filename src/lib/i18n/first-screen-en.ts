// The first screens' sections in English, loaded only for a phone set to English (see first-screen.ts).
import firstScreenWords from './en.json?first-screen';
import type { MessageTree } from './lookup';

export const firstScreenEnglish: MessageTree = firstScreenWords;
