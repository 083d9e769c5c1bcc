#include "bridge/channel_socket.h"

#include <string_view>
#include <variant>

namespace interec {
namespace {

namespace code = protocol::code;

// Above this a client is disconnected by libzmq before we read the body:
// bounded memory against a hostile sender. Between 64 KiB and this, the
// request gets a `too_large` answer and the connection stays.
constexpr int64_t kMaxWireBytes = 1 << 20;
constexpr int kHighWaterMark = 10000;
// At close, answers already handed to ZeroMQ but not yet written to their
// connection get this long to go out (the context's end waits for them): a
// graceful stop delivers what it answered, and a client that stopped
// reading costs the stop at most this.
constexpr int kFlushOnCloseMs = 2000;

std::string z85(const void* key32) {
  char text[41];
  if (!zmq_z85_encode(text, static_cast<const uint8_t*>(key32), 32)) return {};
  return std::string(text, 40);
}

}  // namespace

ChannelSocket::ChannelSocket(zmq::context_t& context, const Options& options,
                             ChannelCounters& counters)
    : options_(options), counters_(counters) {
  const bool curve = !options_.curve.secret_key.empty();
  if (curve) {
    // Bound before the ROUTER exists, so no client is ever admitted
    // without a decision of ours.
    zap_.emplace(context, zmq::socket_type::rep);
    zap_->set(zmq::sockopt::linger, 0);
    zap_->bind("inproc://zeromq.zap.01");
  }
  router_.emplace(context, zmq::socket_type::router);
  router_->set(zmq::sockopt::linger, 0);
  router_->set(zmq::sockopt::router_mandatory, 1);
  router_->set(zmq::sockopt::maxmsgsize, kMaxWireBytes);
  router_->set(zmq::sockopt::rcvhwm, kHighWaterMark);
  router_->set(zmq::sockopt::sndhwm, kHighWaterMark);
  if (curve) {
    router_->set(zmq::sockopt::curve_server, 1);
    router_->set(zmq::sockopt::curve_secretkey, options_.curve.secret_key);
    router_->set(zmq::sockopt::zap_domain, "interec");
  }
  router_->bind(options_.bind);
  endpoint_ = router_->get(zmq::sockopt::last_endpoint);
}

ChannelSocket::~ChannelSocket() {
  router_->set(zmq::sockopt::linger, kFlushOnCloseMs);
  router_.reset();
  zap_.reset();
}

int ChannelSocket::poll_items(zmq_pollitem_t* items) {
  items[0] = {router_->handle(), 0, ZMQ_POLLIN, 0};
  if (!zap_) return 1;
  items[1] = {zap_->handle(), 0, ZMQ_POLLIN, 0};
  return 2;
}

bool ChannelSocket::after_poll(const zmq_pollitem_t* items) {
  if (zap_ && (items[1].revents & ZMQ_POLLIN)) handle_zap();
  return items[0].revents & ZMQ_POLLIN;
}

// ZAP (RFC 27): admit a CURVE client only when its key is listed, and tell
// the ROUTER which channel it may use (the reply's user id).
void ChannelSocket::handle_zap() {
  std::vector<zmq::message_t> frames;
  while (true) {
    zmq::message_t frame;
    if (!zap_->recv(frame, zmq::recv_flags::dontwait)) break;
    const bool more = frame.more();
    frames.push_back(std::move(frame));
    if (!more) break;
  }
  if (frames.size() < 2) return;
  std::string status = "400", text = "key not allowed", user;
  if (frames.size() >= 7 && frames[5].to_string() == "CURVE" && frames[6].size() == 32) {
    auto it = options_.allowed_keys.find(z85(frames[6].data()));
    if (it != options_.allowed_keys.end()) {
      status = "200";
      text = "OK";
      user = it->second;
    }
  }
  if (status != "200") ++counters_.auth_refused;
  const std::string reply[] = {"1.0", frames[1].to_string(), status, text, user, ""};
  for (size_t i = 0; i < 6; ++i)
    zap_->send(zmq::buffer(reply[i]), i < 5 ? zmq::send_flags::sndmore : zmq::send_flags::none);
}

ChannelSocket::Read ChannelSocket::receive(Incoming& out) {
  std::vector<zmq::message_t> frames;
  while (true) {
    zmq::message_t frame;
    if (!router_->recv(frame, zmq::recv_flags::dontwait)) break;
    const bool more = frame.more();
    frames.push_back(std::move(frame));
    if (!more) break;
  }
  if (frames.empty()) return Read::none;
  ++counters_.requests;
  std::vector<std::string> envelope;
  for (size_t i = 0; i + 1 < frames.size(); ++i) envelope.push_back(frames[i].to_string());
  // [routing id][JSON] from a DEALER, or [routing id][""][JSON] from a REQ.
  if (frames.size() < 2 || frames.size() > 3 || (frames.size() == 3 && frames[1].size() != 0)) {
    if (envelope.empty()) return Read::answered;
    envelope.resize(1);
    send_error(envelope, "", code::bad_request,
               "a request is one JSON frame (after an optional empty delimiter)");
    return Read::answered;
  }
  auto& body = frames.back();
  auto parsed = protocol::parse_request(std::string_view(body.data<char>(), body.size()));
  if (auto* e = std::get_if<protocol::ParseError>(&parsed)) {
    send_error(envelope, e->id, e->code.c_str(), e->message);
    return Read::answered;
  }
  out.envelope = std::move(envelope);
  out.request = std::move(std::get<protocol::Request>(parsed));
  out.body = std::move(body);
  return Read::request;
}

bool ChannelSocket::refuse_forbidden(const Incoming& in) {
  if (options_.curve.secret_key.empty() || in.request.type == protocol::RequestType::ping)
    return false;
  // The ZAP handler put the key's one channel into the User-Id property.
  const char* allowed = zmq_msg_gets(in.body.handle(), "User-Id");
  if (allowed && in.request.channel == allowed) return false;
  send_error(in.envelope, in.request.id, code::forbidden,
             "this client's key may not use channel \"" + in.request.channel + "\"");
  return true;
}

bool ChannelSocket::send(const std::vector<std::string>& envelope, const std::string& body,
                         bool is_error) {
  try {
    for (const auto& frame : envelope)
      if (!router_->send(zmq::buffer(frame), zmq::send_flags::sndmore | zmq::send_flags::dontwait)) {
        ++counters_.dropped;
        return false;
      }
    if (!router_->send(zmq::buffer(body), zmq::send_flags::dontwait)) {
      ++counters_.dropped;
      return false;
    }
  } catch (const zmq::error_t&) {
    // EHOSTUNREACH: the client has gone (router_mandatory tells us).
    ++counters_.dropped;
    return false;
  }
  ++counters_.replies;
  if (is_error) ++counters_.errors;
  return true;
}

bool ChannelSocket::send_error(const std::vector<std::string>& envelope, const std::string& id,
                               const char* error_code, const std::string& message) {
  if (error_code == std::string(code::busy)) ++counters_.busy;
  return send(envelope, protocol::encode_error(id, error_code, message), true);
}

}  // namespace interec
