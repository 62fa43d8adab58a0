export { imageUrl, webUrl } from '../../platform/pages/urls.ts';
