{
  "targets": [
    {
      "target_name": "tcp_times",
      "sources": ["tcp_times.c"],
      "conditions": [["OS!='linux'", {"type": "none"}]]
    }
  ]
}
