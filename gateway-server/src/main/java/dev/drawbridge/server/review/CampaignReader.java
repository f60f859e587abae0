package dev.drawbridge.server.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.drawbridge.policy.approval.DeskAnswer;
import dev.drawbridge.policy.approval.PolicyStore.StoreException;
import dev.drawbridge.policy.review.Campaign;
import dev.drawbridge.policy.review.ReviewItem;
import dev.drawbridge.policy.review.ReviewStore;
import java.util.List;
import java.util.Optional;

/** Reads campaigns and their items from the review store, as the desk answers them. */
final class CampaignReader {

  private final ReviewStore store;

  CampaignReader(ReviewStore store) {
    this.store = store;
  }

  /** What is made of a campaign's stored JSON (the report, the patch). */
  @FunctionalInterface
  interface Reading<T> {
    T of(AccessReviews.View view) throws JsonProcessingException;
  }

  List<Campaign> campaigns() throws StoreException {
    return store.campaigns();
  }

  /** A campaign with its items; not found when no campaign has that name. */
  DeskAnswer<AccessReviews.View> campaign(String name) {
    try {
      Optional<Campaign> campaign = store.campaign(name);
      if (campaign.isEmpty()) {
        return new DeskAnswer.NotFound<>("no review campaign '" + name + "'");
      }
      return new DeskAnswer.Done<>(new AccessReviews.View(campaign.get(), store.items(name)));
    } catch (StoreException e) {
      return new DeskAnswer.Unavailable<>(e.getMessage());
    }
  }

  /** One item of a campaign, by its grant id. */
  DeskAnswer<ReviewItem> item(String name, String grantId) {
    return switch (campaign(name)) {
      case DeskAnswer.Done<AccessReviews.View> done ->
          done.value().items().stream()
              .filter(i -> i.grantId().equals(grantId))
              .findFirst()
              .<DeskAnswer<ReviewItem>>map(DeskAnswer.Done::new)
              .orElseGet(() -> itemNotFound(name, grantId));
      case DeskAnswer.NotFound<AccessReviews.View> n -> new DeskAnswer.NotFound<>(n.detail());
      case DeskAnswer.Unavailable<AccessReviews.View> u -> new DeskAnswer.Unavailable<>(u.detail());
      default -> new DeskAnswer.Unavailable<>("cannot read the campaign now");
    };
  }

  /**
   * Something made of a campaign; unavailable with {@code unreadable} when its stored JSON does not
   * read.
   */
  <T> DeskAnswer<T> read(String name, Reading<T> reading, String unreadable) {
    return switch (campaign(name)) {
      case DeskAnswer.Done<AccessReviews.View> done -> {
        try {
          yield new DeskAnswer.Done<>(reading.of(done.value()));
        } catch (JsonProcessingException e) {
          yield new DeskAnswer.Unavailable<>(unreadable);
        }
      }
      case DeskAnswer.NotFound<AccessReviews.View> n -> new DeskAnswer.NotFound<>(n.detail());
      case DeskAnswer.Unavailable<AccessReviews.View> u -> new DeskAnswer.Unavailable<>(u.detail());
      default -> new DeskAnswer.Unavailable<>("cannot read the campaign now");
    };
  }

  static <T> DeskAnswer<T> itemNotFound(String name, String grantId) {
    return new DeskAnswer.NotFound<>(
        "review campaign '" + name + "' has no item for grant '" + grantId + "'");
  }
}
