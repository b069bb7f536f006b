/*
 * The kernel's own clock for a TCP connection (Linux TCP_INFO): how long ago it received the last
 * ACK and the last data, in milliseconds. A probe's callbacks run whenever its event loop gets to
 * them; these say when the bytes actually arrived (issue 15, point 3). One export:
 * sinceLast(fd) -> [ms since the last data, ms since the last ACK], or undefined when the
 * descriptor has no TCP_INFO.
 */
#include <node_api.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

static napi_value SinceLast(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_value out;
  int32_t fd = -1;
  napi_get_undefined(env, &out);
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1) return out;
  if (napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0) return out;
  struct tcp_info tcp;
  socklen_t length = sizeof tcp;
  if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &tcp, &length) != 0) return out;
  napi_value data, ack;
  napi_create_array_with_length(env, 2, &out);
  napi_create_uint32(env, tcp.tcpi_last_data_recv, &data);
  napi_create_uint32(env, tcp.tcpi_last_ack_recv, &ack);
  napi_set_element(env, out, 0, data);
  napi_set_element(env, out, 1, ack);
  return out;
}

NAPI_MODULE_INIT() {
  napi_value sinceLast;
  napi_create_function(env, "sinceLast", NAPI_AUTO_LENGTH, SinceLast, NULL, &sinceLast);
  napi_set_named_property(env, exports, "sinceLast", sinceLast);
  return exports;
}
