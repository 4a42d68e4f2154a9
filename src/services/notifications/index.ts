export { notify, notifyMany, type NotifyEvent, type NotifyResult } from "./notify.js";
export { wakeDeliveryWorkers } from "./wake.js";
