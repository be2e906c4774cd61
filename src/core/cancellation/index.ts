export { planCancel } from './decide-cancel.js';
