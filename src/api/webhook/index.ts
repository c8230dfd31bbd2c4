// Webhook client configuration checks shared by the API groups that call webhooks.
export { validateReviewVersions, validateWebhookService, validateWebhookUrl } from './client-config.js';
