/** 研判 page (skeleton; the page is being written). */
import { render } from 'preact';

function ReviewPage() {
  return <main data-testid="review-page">研判</main>;
}

const root = document.getElementById('review-root');
if (root) render(<ReviewPage />, root);
